module github.com/chorusnews/chorus

go 1.26.8

require github.com/blevesearch/snowballstem v0.9.0 // indirect
