module github.com/chorusnews/chorus

go 1.26.8
