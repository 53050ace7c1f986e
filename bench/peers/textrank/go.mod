module github.com/chorusnews/chorus/bench/peers/textrank

go 1.26.8

require github.com/DavidBelicza/TextRank v2.1.1+incompatible

require github.com/stretchr/testify v1.12.1 // indirect
