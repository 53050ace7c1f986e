module github.com/chorusnews/chorus

go 1.26.8

require (
	github.com/jdkato/prose/v3 v3.2.3
	github.com/kljensen/snowball v0.10.0
)

require gopkg.in/neurosnap/sentences.v1 v1.0.6 // indirect
