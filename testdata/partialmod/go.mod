module example.com/partialmod

go 1.24
