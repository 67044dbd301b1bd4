// Package gate_pair shows three-lock cycles that two of their edges
// cannot close together (amqp091-go's Connection and Channel). A
// deadlock on a cycle needs a goroutine at every edge at once; two edges
// taken holding one lock (in write mode) exclude each other.
//
// Conn.shutdown (c.m -> ch.destructorM) and Conn.reconnect (c.closeM ->
// c.m) both run under c.destructorM, so the cycle through Chan.shutdown
// (ch.destructorM -> c.closeM, also called with no lock by closeChannel)
// cannot close, although its three edges share no gate. Conn.notify
// takes notifyM -> closeM only holding c.m, and Conn.cleanup's m ->
// notifyM holds c.m as its outer lock: again excluded. Silent.
package gate_pair

import "sync"

type Conn struct {
	destructorM, closeM, m, notifyM sync.Mutex
	chs                             []*Chan
}

type Chan struct {
	destructorM sync.Mutex
	conn        *Conn
}

func (c *Conn) shutdown() {
	c.destructorM.Lock()
	defer c.destructorM.Unlock()
	c.m.Lock()
	defer c.m.Unlock()
	for _, ch := range c.chs {
		ch.shutdown()
	}
}

func (c *Conn) closeChannel(ch *Chan) { ch.shutdown() }

func (ch *Chan) shutdown() {
	ch.destructorM.Lock()
	defer ch.destructorM.Unlock()
	ch.conn.closeM.Lock()
	ch.conn.closeM.Unlock()
}

func (c *Conn) reconnect() {
	c.destructorM.Lock()
	defer c.destructorM.Unlock()
	c.closeM.Lock()
	c.m.Lock()
	c.m.Unlock()
	c.closeM.Unlock()
}

func (c *Conn) cleanup() {
	c.m.Lock()
	defer c.m.Unlock()
	c.notifyM.Lock()
	c.notifyM.Unlock()
}

func (c *Conn) notify() {
	c.destructorM.Lock()
	defer c.destructorM.Unlock()
	c.m.Lock()
	defer c.m.Unlock()
	c.notifyM.Lock()
	defer c.notifyM.Unlock()
	c.closeM.Lock()
	c.closeM.Unlock()
}

// Hub and Peer are the near miss: Hub.purge takes h.m -> p.destructorM
// under no gate (amqp091-go's Connection.cleanup), so the cycle with
// Peer.shutdown and Hub.reconnect, which alone holds h.destructorM, can
// close: reported at each of its edges.
type Hub struct {
	destructorM, closeM, m sync.Mutex
	peers                  []*Peer
}

type Peer struct {
	destructorM sync.Mutex
	hub         *Hub
	n           int
}

func (h *Hub) closePeer(p *Peer) { p.shutdown() }

func (p *Peer) shutdown() {
	p.destructorM.Lock()
	defer p.destructorM.Unlock()
	p.hub.closeM.Lock() // want `^lock order cycle: \(\*Peer\)\.shutdown takes Peer\.destructorM then Hub\.closeM; \(\*Hub\)\.reconnect takes Hub\.closeM then Hub\.m; \(\*Hub\)\.purge takes Hub\.m then Peer\.destructorM`
	p.hub.closeM.Unlock()
}

func (p *Peer) clear() {
	p.destructorM.Lock()
	p.n = 0
	p.destructorM.Unlock()
}

func (h *Hub) reconnect() {
	h.destructorM.Lock()
	defer h.destructorM.Unlock()
	h.closeM.Lock()
	h.m.Lock() // want `^lock order cycle: \(\*Hub\)\.reconnect takes Hub\.closeM then Hub\.m`
	h.m.Unlock()
	h.closeM.Unlock()
}

func (h *Hub) purge() {
	h.m.Lock()
	defer h.m.Unlock()
	for _, p := range h.peers {
		p.clear() // want `^lock order cycle: \(\*Hub\)\.purge takes Hub\.m then Peer\.destructorM`
	}
}
