// Package iface_cha shows interface calls that nothing in the function
// pins, resolved to the implementations among the program's types: a
// plugin loader holds the registry's regMu while it initialises every
// plugin, and both Plugin implementations register themselves under
// regMu, so the first Init blocks forever. Codec has an implementation
// that takes no lock, and Sink one that is generic (an instance the
// program makes may not lock): their calls under regMu are not
// reported.
package iface_cha

import "sync"

var (
	regMu    sync.Mutex
	registry = map[string]bool{}
)

type Plugin interface{ Init() }

type metrics struct{}

func (metrics) Init() {
	regMu.Lock()
	registry["metrics"] = true
	regMu.Unlock()
}

type tracing struct{ on bool }

func (t *tracing) Init() {
	regMu.Lock()
	defer regMu.Unlock()
	registry["tracing"] = t.on
}

func LoadAll(ps []Plugin) {
	regMu.Lock()
	defer regMu.Unlock()
	for _, p := range ps {
		p.Init() // want `^regMu is already held; p\.Init calls metrics\.Init \(and 1 other possible callee\), which locks it again, so the call blocks forever \(sync\.Mutex is not reentrant\): release it before the call or call a variant that expects it held$`
	}
}

type Codec interface{ Encode() string }

type jsonCodec struct{}

func (jsonCodec) Encode() string {
	regMu.Lock()
	defer regMu.Unlock()
	return "json"
}

type rawCodec struct{}

func (rawCodec) Encode() string { return "raw" }

func EncodeAll(cs []Codec) {
	regMu.Lock()
	defer regMu.Unlock()
	for _, c := range cs {
		c.Encode()
	}
}

type Sink interface{ Flush() }

type fileSink struct{}

func (fileSink) Flush() {
	regMu.Lock()
	regMu.Unlock()
}

type chanSink[T any] struct{ ch chan T }

func (chanSink[T]) Flush() {}

func FlushAll(ss []Sink) {
	regMu.Lock()
	defer regMu.Unlock()
	for _, s := range ss {
		s.Flush()
	}
}
