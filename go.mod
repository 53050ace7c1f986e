module github.com/chorusnews/chorus

go 1.26.8

require github.com/kljensen/snowball v0.10.0 // indirect
