package origins

import (
	"fmt"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Explain returns, for debugging, a chain of nodes from r to one that is
// unknown by itself, or "" when r's set is known.
func (a *Analysis) Explain(r Ref, fset *token.FileSet) string {
	if r.Kind == RefTop {
		return "ref is top"
	}
	a.ensureIndex()
	seen := make(map[nodeKey]bool)
	var walk func(k nodeKey, depth int) []string
	walk = func(k nodeKey, depth int) []string {
		if seen[k] || depth > 40 {
			return nil
		}
		seen[k] = true
		n := a.build(k)
		if n.val.top {
			return []string{a.keyString(k, fset)}
		}
		for _, d := range n.deps {
			if n := a.nodes[d.from]; n != nil && n.solved && !n.val.top {
				continue
			}
			if p := walk(d.from, depth+1); p != nil {
				return append([]string{a.keyString(k, fset)}, p...)
			}
		}
		return nil
	}
	if p := walk(a.refNode(r), 0); p != nil {
		return fmt.Sprint(p)
	}
	return ""
}

func (a *Analysis) keyString(k nodeKey, fset *token.FileSet) string {
	names := []string{"value", "ret", "field", "fieldElems", "elems", "localElems", "cell"}
	s := names[k.kind]
	if k.v != nil {
		s += fmt.Sprintf(" %T %s @%s", k.v, k.v.Name(), fset.Position(k.v.Pos()))
		if p := k.v.Parent(); p != nil {
			s += " in " + p.String()
		}
	}
	if k.fn != nil {
		s += " " + k.fn.String()
	}
	if k.field.Owner != "" {
		s += fmt.Sprintf(" %s#%d", k.field.Owner, k.field.Index)
	}
	return s
}

// Describe renders the objects of r, for debugging.
func (a *Analysis) Describe(r Ref, fset *token.FileSet) string {
	if r.Kind == RefTop {
		return "top(ref)"
	}
	a.ensureIndex()
	s := a.solve(a.refNode(r))
	if s.any() {
		return "top"
	}
	out := "{"
	if s.top {
		var fs []string
		for f, vs := range s.cons {
			fs = append(fs, fmt.Sprintf("%s#%d in %v", f.Owner, f.Index, vs))
		}
		slices.Sort(fs)
		out += "others with " + strings.Join(fs, ", ") + "; "
	}
	for i, id := range s.atoms {
		if i > 0 {
			out += ", "
		}
		v := a.atomValues[id-1]
		if c, ok := v.(*ssa.Const); ok {
			out += "const " + string(constKey(c))
		} else {
			out += fset.Position(v.Pos()).String()
		}
	}
	return out + "}"
}
