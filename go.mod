module github.com/chorusnews/chorus

go 1.26.8

require (
	github.com/cespare/xxhash/v2 v2.3.0
	github.com/kljensen/snowball v0.10.0
)
