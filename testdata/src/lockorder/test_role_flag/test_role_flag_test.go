package test_role_flag

import "testing"

func promote(c *Conn) { c.kind = leafKind }

func TestPromote(t *testing.T) {
	s := NewServer()
	c := &Conn{kind: gatewayKind, name: "g"}
	s.registerOut(c)
	promote(c)
	s.processConnect(c)
}
