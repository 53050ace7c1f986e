package jsonscan

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// Explain rewrites an encoding/json decoding error for the person who
// wrote the input: a value of the wrong kind is named by its field and by
// JSON kinds ("doc_id": want a string, got a number) instead of by the Go
// types it was to be decoded into, which mean nothing to them. Other
// errors (syntax errors name the offending character) are returned as
// they are; nil stays nil.
func Explain(err error) error {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return err
	}
	got := te.Value // "array", "number", "number 1.5", "bool", ...
	switch {
	case got == "array" || got == "object":
		got = "an " + got
	case got == "string" || strings.HasPrefix(got, "number"):
		got = "a " + got
	case got == "bool":
		got = "true or false"
	}
	if te.Field == "" {
		return fmt.Errorf("want %s, got %s", kindOf(te.Type), got)
	}
	return fmt.Errorf("%q: want %s, got %s", te.Field, kindOf(te.Type), got)
}

// kindOf names the JSON kind that decodes into t.
func kindOf(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 && t.Kind() == reflect.Slice && t != reflect.TypeFor[json.RawMessage]() {
			return "a base64 string"
		}
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Pointer:
		return kindOf(t.Elem())
	}
	return "another kind of value"
}
