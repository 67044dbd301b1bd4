// Package suppressed shows //locklint:ignore: on the reported line, alone
// on the line above it, and in a function's doc comment, each with a
// reason, silences the named pass there and nowhere else. A directive
// without a reason, or naming no locklint pass, takes no effect and is
// reported itself.
package suppressed

import (
	"errors"
	"sync"
)

var errEmpty = errors.New("empty")

type Queue struct {
	mu    sync.Mutex
	items []int
}

// PopLine is silenced on the return's own line.
func (q *Queue) PopLine() (int, error) {
	q.mu.Lock()
	if len(q.items) == 0 {
		return 0, errEmpty //locklint:ignore unreleased the caller unlocks on errEmpty (see Drain)
	}
	v := q.items[0]
	q.items = q.items[1:]
	q.mu.Unlock()
	return v, nil
}

// PopAbove is silenced by a directive alone on the line above.
func (q *Queue) PopAbove() (int, error) {
	q.mu.Lock()
	if len(q.items) == 0 {
		//locklint:ignore unreleased,doubleacquire the caller unlocks on errEmpty
		return 0, errEmpty
	}
	v := q.items[0]
	q.mu.Unlock()
	return v, nil
}

// PopFunc is silenced as a whole.
//
//locklint:ignore unreleased legacy API: documented to return holding q.mu on error
func (q *Queue) PopFunc() (int, error) {
	q.mu.Lock()
	if len(q.items) == 0 {
		return 0, errEmpty
	}
	q.mu.Unlock()
	return 0, nil
}

// PopOther names another pass only: still reported.
func (q *Queue) PopOther() (int, error) {
	q.mu.Lock()
	if len(q.items) == 0 {
		return 0, errEmpty //locklint:ignore doubleacquire not this one // want `^q\.mu is still locked after this return`
	}
	q.mu.Unlock()
	return 0, nil
}

// PopBare has an ignore without a reason: reported twice over.
func (q *Queue) PopBare() (int, error) {
	q.mu.Lock()
	if len(q.items) == 0 {
		// want +1 `^malformed directive: //locklint:ignore needs the pass and a reason`
		//locklint:ignore unreleased
		return 0, errEmpty // want `^q\.mu is still locked after this return`
	}
	q.mu.Unlock()
	return 0, nil
}
