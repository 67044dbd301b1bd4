module github.com/locklint/locklint/bench/deadlockcmp

go 1.26.8

require (
	github.com/locklint/locklint v0.0.0
	github.com/sasha-s/go-deadlock v0.3.9
)

require github.com/petermattis/goid v0.0.0-20250813065127-a731cc31b4fe // indirect

replace github.com/locklint/locklint => ../..
