// Package guard_from_field shows the shape of crypto/tls's
// handleKeyUpdate and setReadTrafficSecret: rekey locks c.out only when
// u.updateRequested is set, then passes that same field as the locked
// argument of setSecret, which calls sendAlertLocked when locked and
// the c.out-locking sendAlert otherwise. The argument is the field
// already tested, so sendAlert runs only when c.out is not held. Passing
// the constant false while holding c.out does call sendAlert with the
// lock held.
package guard_from_field

import (
	"errors"
	"sync"
)

type update struct {
	updateRequested bool
	secret          []byte
}
type Conn struct {
	out                     sync.Mutex
	pending, secret, alerts []byte
}

func (c *Conn) sendAlertLocked() { c.alerts = append(c.alerts, 10) }

func (c *Conn) sendAlert() {
	c.out.Lock()
	defer c.out.Unlock()
	c.sendAlertLocked()
}

// setSecret installs secret; locked says whether c.out is held.
func (c *Conn) setSecret(secret []byte, locked bool) error {
	if len(c.pending) != 0 {
		if locked {
			c.sendAlertLocked()
		} else {
			c.sendAlert()
		}
		return errors.New("pending data before rekey")
	}
	c.secret = secret
	return nil
}

func (c *Conn) rekey(u *update) error {
	if u.updateRequested {
		c.out.Lock()
		defer c.out.Unlock()
		c.alerts = append(c.alerts, 24)
	}
	return c.setSecret(u.secret, u.updateRequested)
}

// rekeyWrong holds c.out but says it does not.
func (c *Conn) rekeyWrong(u *update) error {
	c.out.Lock()
	defer c.out.Unlock()
	return c.setSecret(u.secret, false) // want `^c\.out is already held; c\.setSecret calls \(\*Conn\)\.sendAlert, which locks it again`
}
