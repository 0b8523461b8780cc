package main

// Every generated module is compiled and vetted with the example (go build ./... and go vet ./...),
// including the ones main.go does not call, and stays in go.mod when go mod tidy runs.
import (
	_ "github.com/ebkit/ebkit-go/ebkitbackups"
	_ "github.com/ebkit/ebkit-go/ebkitbluegreenpipeline"
	_ "github.com/ebkit/ebkit-go/ebkitcore"
	_ "github.com/ebkit/ebkit-go/ebkitdns"
)
