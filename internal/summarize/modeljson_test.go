package summarize

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// The embedded model takes the hand-written path and decodes to exactly
// what encoding/json gives.
func TestDecodeModelJSONMatchesEncodingJSON(t *testing.T) {
	var fast Model
	if !fastModel(defaultModelJSON, &fast) {
		t.Fatal("the embedded model does not take the hand-written path")
	}
	var want Model
	if err := json.Unmarshal(defaultModelJSON, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast, want) {
		t.Fatal("hand-written decoding differs from encoding/json")
	}
}

// A small model in the trainer's format, and variants of it that the
// hand-written path must either decode like encoding/json or hand over.
const tinyModel = `{"features":["a","b"],"words":{"0":[4.388,0.1517],"bridg":[1e-3,-2E+2],"x":[0,0]},
 "default_idf":5,"default_prior":0.02,"bigrams":"AAEC/w==","bigram_bits":2,
 "lexical":{"bits":1,"scale":0.5,"bias":-1,"q":"Af8="},
 "trees":{"base":0.25,"trees":[{"f":[0,-1,-1],"t":[0.5,0,0],"l":[1,-1,-1],"r":[2,-1,-1],"v":[0,1.5,-2.5]},
  {"v":[3],"r":[-1],"l":[-1],"t":[0],"f":[-1]}]},
 "length":{"base":200,"per_doc":10,"min":100,"max":300},"decoder":{"redundancy":1,"bigram":0.5,"min_tokens":4,"max_overlap":0.9},
 "blend":{"weight":0.1,"lexrank":0.5,"from":5,"full":20},"trained":"by hand"}`

func TestDecodeModelJSONVariants(t *testing.T) {
	variants := []struct {
		name, old, new string
		fast           bool // the hand-written path takes it
	}{
		{"as written", "", "", true},
		{"unknown member", `"trained"`, `"new_field":{"x":[1,2,{"y":"}"}]},"trained"`, true},
		{"unknown tree member", `"base":0.25`, `"base":0.25,"note":"deep"`, true},
		{"unknown lexical member", `"bits":1`, `"bits":1,"kind":"hashed"`, true},
		{"white space", `"words":{"0":[4.388,0.1517]`, "\"words\" :\n\t{ \"0\" : [ 4.388 , 0.1517 ] ", true},
		{"empty trees", `[{"f":[0,-1,-1],"t":[0.5,0,0],"l":[1,-1,-1],"r":[2,-1,-1],"v":[0,1.5,-2.5]},
  {"v":[3],"r":[-1],"l":[-1],"t":[0],"f":[-1]}]`, `[]`, true},
		{"empty words", `{"0":[4.388,0.1517],"bridg":[1e-3,-2E+2],"x":[0,0]}`, `{}`, true},
		{"duplicate word", `"x":[0,0]`, `"x":[0,0],"x":[1,1]`, true},
		{"other case", `"words"`, `"Words"`, false},
		{"repeated member", `"trained":"by hand"`, `"trained":"by hand","trees":{}`, false},
		{"escaped key", `"bridg"`, `"br\u0069dg"`, false},
		{"escaped base64", `"AAEC/w=="`, `"AAEC\/w=="`, false},
		{"three numbers", `[0,0]}`, `[0,0,7]}`, false},
		{"one number", `[0,0]}`, `[0]}`, false},
		{"float in int array", `"l":[1,-1,-1]`, `"l":[1.0,-1,-1]`, false},
		{"null word", `"x":[0,0]`, `"x":null`, false},
		{"null lexical", `{"bits":1,"scale":0.5,"bias":-1,"q":"Af8="}`, `null`, false},
		{"extra tree key", `"f":[-1]`, `"f":[-1],"g":[1]`, false},
		{"huge number", `1e-3`, `1e999`, false},
		{"leading zero", `1e-3`, `01`, false},
		{"bad base64", `"Af8="`, `"Af8"`, false},
		{"trailing comma", `"x":[0,0]}`, `"x":[0,0],}`, false},
		{"truncated", `"trained":"by hand"}`, `"trained":"by hand"`, false},
		{"trailing text", `"trained":"by hand"}`, `"trained":"by hand"} x`, false},
		{"not an object", tinyModel, `[1,2]`, false},
	}
	for _, v := range variants {
		doc := tinyModel
		if v.old != "" {
			if !strings.Contains(doc, v.old) {
				t.Fatalf("%s: %q not in the model", v.name, v.old)
			}
			doc = strings.Replace(doc, v.old, v.new, 1)
		}
		var fast Model
		if got := fastModel([]byte(doc), &fast); got != v.fast {
			t.Errorf("%s: hand-written path %v, want %v", v.name, got, v.fast)
		}
		var got, want Model
		gerr := decodeModelJSON([]byte(doc), &got)
		werr := json.Unmarshal([]byte(doc), &want)
		if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Errorf("%s: error %v, encoding/json %v", v.name, gerr, werr)
			continue
		}
		if werr == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decoded %+v, encoding/json %+v", v.name, got, want)
		}
	}
}
