package origins

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// conns is the shape of nats-server's client connections: one type in
// two roles told apart by an immutable kind field, gateway connections
// kept in a map of the gateway.
const conns = `package p

const (
	leafKind = 1
	gatewayKind = 2
)

type conn struct {
	kind int
	name string
}

type gateway struct {
	out map[string]*conn
}

type server struct {
	gw *gateway
}

func newServer() *server { return &server{gw: &gateway{out: make(map[string]*conn)}} }

func (s *server) acceptLeaf() {
	c := &conn{kind: leafKind}
	s.readLoop(c)
}

func (s *server) acceptGateway(name string) {
	c := &conn{kind: gatewayKind}
	s.register(name, c)
	s.readLoop(c)
}

func (s *server) register(name string, c *conn) { s.gw.out[name] = c }

func (s *server) readLoop(c *conn) {
	switch c.kind {
	case leafKind:
		s.initLeaf(c)
	case gatewayKind:
		s.initGateway(c)
	}
}

func (s *server) initLeaf(c *conn)    { _ = c.name }
func (s *server) initGateway(c *conn) { _ = c.name }

func (s *server) Unguarded(c *conn) { _ = c.name }

func (s *server) each(f func(c *conn)) {
	for _, c := range s.gw.out {
		f(c)
	}
}

func (s *server) visitAll() { s.each(func(c *conn) { _ = c.name }) }
`

type fixture struct {
	t   *testing.T
	pkg *ssa.Package
	a   *Analysis
}

func load(t *testing.T, src string, cfg Config) *fixture {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.SkipObjectResolution)
	require.NoError(t, err)
	pkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset, types.NewPackage("p", "p"), []*ast.File{f}, ssa.SanityCheckFunctions)
	require.NoError(t, err)
	var funcs []*ssa.Function
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		funcs = append(funcs, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for _, m := range pkg.Members {
		switch m := m.(type) {
		case *ssa.Function:
			add(m)
		case *ssa.Type:
			mset := pkg.Prog.MethodSets.MethodSet(types.NewPointer(m.Type()))
			for i := 0; i < mset.Len(); i++ {
				add(pkg.Prog.MethodValue(mset.At(i)))
			}
		}
	}
	cfg.Pkg = "p"
	cfg.Funcs = funcs
	never := func(FieldKey) bool { return false }
	if cfg.Written == nil {
		cfg.Written = never
	}
	if cfg.Reassigned == nil {
		cfg.Reassigned = never
	}
	return &fixture{t: t, pkg: pkg, a: New(cfg)}
}

// param is the Ref of parameter i of a method of *server (or of a
// function).
func (fx *fixture) param(name string, i int) Ref {
	fx.t.Helper()
	var fn *ssa.Function
	if m := fx.pkg.Func(name); m != nil {
		fn = m
	} else {
		srv := fx.pkg.Type("server").Type()
		fn = fx.pkg.Prog.LookupMethod(types.NewPointer(srv), fx.pkg.Pkg, name)
	}
	require.NotNil(fx.t, fn, name)
	return Ref{Kind: RefValue, Value: fn.Params[i]}
}

func (fx *fixture) fieldElems(typ string, index int) Ref {
	return Ref{Kind: RefFieldElems, Field: FieldKey{Owner: "p." + typ, Index: index}}
}

func TestKindGuardSeparatesRoles(t *testing.T) {
	fx := load(t, conns, Config{})
	out := fx.fieldElems("gateway", 0)
	require.False(t, fx.a.MayAlias(fx.param("initLeaf", 1), out), "a leaf is never in gw.out")
	require.True(t, fx.a.MayAlias(fx.param("initGateway", 1), out), "a gateway connection is")
	require.True(t, fx.a.MayAlias(fx.param("readLoop", 1), out), "readLoop sees both kinds")
	require.False(t, fx.a.Exhausted)
}

func TestExportedParamIsUnknown(t *testing.T) {
	fx := load(t, conns, Config{})
	require.True(t, fx.a.MayAlias(fx.param("Unguarded", 1), fx.param("initLeaf", 1)))
}

func TestCallbackParamIsUnknown(t *testing.T) {
	fx := load(t, conns, Config{})
	// The closure passed to each is not seen called: its parameter is
	// anything.
	run := fx.pkg.Prog.LookupMethod(types.NewPointer(fx.pkg.Type("server").Type()), fx.pkg.Pkg, "visitAll")
	require.Len(t, run.AnonFuncs, 1)
	lit := run.AnonFuncs[0]
	require.True(t, fx.a.MayAlias(Ref{Kind: RefValue, Value: lit.Params[0]}, fx.param("initLeaf", 1)))
}

func TestUnbuiltWritesMakeFieldUnknown(t *testing.T) {
	written := func(fk FieldKey) bool { return fk.Owner == "p.gateway" }
	fx := load(t, conns, Config{Written: written})
	require.True(t, fx.a.MayAlias(fx.param("initLeaf", 1), fx.fieldElems("gateway", 0)))
}

func TestReassignedKindIsNoGuard(t *testing.T) {
	reassigned := func(fk FieldKey) bool { return fk.Owner == "p.conn" && fk.Index == 0 }
	fx := load(t, conns, Config{Reassigned: reassigned})
	require.True(t, fx.a.MayAlias(fx.param("initLeaf", 1), fx.fieldElems("gateway", 0)))
}

func TestKindChangedAfterConstruction(t *testing.T) {
	src := conns + `
func (s *server) promote(c *conn) { c.kind = gatewayKind }
func (s *server) run() { s.promote(&conn{}) }
`
	fx := load(t, src, Config{})
	require.True(t, fx.a.MayAlias(fx.param("initLeaf", 1), fx.fieldElems("gateway", 0)))
}

func TestWholeStructStoreIsNoGuard(t *testing.T) {
	src := conns + `
func (s *server) reset(c *conn, x conn) { *c = x }
func (s *server) run() { s.reset(&conn{kind: gatewayKind}, conn{kind: leafKind}) }
`
	fx := load(t, src, Config{})
	require.True(t, fx.a.MayAlias(fx.param("initLeaf", 1), fx.fieldElems("gateway", 0)))
}

func TestFreeVarOfCallback(t *testing.T) {
	src := conns + `
func (s *server) later(f func()) { f() }
func (s *server) acceptLater() {
	c := &conn{kind: leafKind}
	s.later(func() { s.initLeaf(c) })
}
`
	fx := load(t, src, Config{})
	// The closure is handed to later, but its free variable is bound
	// where it is made: initLeaf still gets only leaves.
	require.False(t, fx.a.MayAlias(fx.param("initLeaf", 1), fx.fieldElems("gateway", 0)))
	require.Equal(t, "{p.go:24:12, p.go:60:12}", fx.a.Describe(fx.param("initLeaf", 1), fx.pkg.Prog.Fset))
}

func TestContainerEscapingToUnknownCall(t *testing.T) {
	src := conns + `
var sink func(map[string]*conn)
func (s *server) leak() { sink(s.gw.out) }
`
	fx := load(t, src, Config{})
	require.True(t, fx.a.MayAlias(fx.param("initLeaf", 1), fx.fieldElems("gateway", 0)))
}

func TestContainerReadByPackageFunction(t *testing.T) {
	src := conns + `
func count(m map[string]*conn) int { n := 0; for range m { n++ }; return n }
func (s *server) size() int { return count(s.gw.out) }
`
	fx := load(t, src, Config{})
	require.False(t, fx.a.MayAlias(fx.param("initLeaf", 1), fx.fieldElems("gateway", 0)))
}

func TestContainerWrittenByPackageFunction(t *testing.T) {
	src := conns + `
func put(m map[string]*conn, c *conn) { m["x"] = c }
func (s *server) adopt(c *conn) { put(s.gw.out, c) }
func (s *server) adoptLeaf() { c := &conn{kind: leafKind}; s.adopt(c); s.readLoop(c) }
`
	fx := load(t, src, Config{})
	require.True(t, fx.a.MayAlias(fx.param("initLeaf", 1), fx.fieldElems("gateway", 0)))
}

func TestEmptySetIsNoAnswer(t *testing.T) {
	src := `package p
type peer struct{ n int }
type hub struct{ peers []*peer }
func (h *hub) visit(p *peer) { _ = p }
func (h *hub) run() { h.visit(&peer{}) }
`
	fx := load(t, src, Config{})
	// Nothing is ever put in peers: no answer, not "disjoint".
	require.True(t, fx.a.MayAlias(Ref{Kind: RefFieldElems, Field: FieldKey{Owner: "p.hub", Index: 0}}, Ref{Kind: RefValue, Value: fx.pkg.Prog.LookupMethod(types.NewPointer(fx.pkg.Type("hub").Type()), fx.pkg.Pkg, "visit").Params[1]}))
}

func TestDescribe(t *testing.T) {
	fx := load(t, conns, Config{})
	fset := fx.pkg.Prog.Fset
	require.Equal(t, "{p.go:24:12}", fx.a.Describe(fx.param("initLeaf", 1), fset))
	require.Equal(t, "top", fx.a.Describe(fx.param("Unguarded", 1), fset))
	require.Contains(t, fx.a.Explain(fx.param("Unguarded", 1), fset), "value *ssa.Parameter c")
	require.Equal(t, "", fx.a.Explain(fx.param("initLeaf", 1), fset))
}

func TestBudget(t *testing.T) {
	old := maxNodes
	defer func() { maxNodes = old }()
	maxNodes = 3
	fx := load(t, conns, Config{})
	require.True(t, fx.a.MayAlias(fx.param("initLeaf", 1), fx.fieldElems("gateway", 0)), "over the budget, anything may meet")
	require.True(t, fx.a.Exhausted)
}

func TestInternedAnswers(t *testing.T) {
	fx := load(t, conns, Config{})
	leaf, out, gw := fx.a.Intern(fx.param("initLeaf", 1)), fx.a.Intern(fx.fieldElems("gateway", 0)), fx.a.Intern(fx.param("initGateway", 1))
	require.Equal(t, leaf, fx.a.Intern(fx.param("initLeaf", 1)), "one number per Ref")
	require.Zero(t, fx.a.Intern(Top))
	for range 2 { // the second time from the memo
		require.False(t, fx.a.MayAliasID(leaf, out))
		require.False(t, fx.a.MayAliasID(out, leaf))
		require.True(t, fx.a.MayAliasID(gw, out))
		require.True(t, fx.a.MayAliasID(0, out))
	}
}

// TestLoadOfFreeVarFirst: a question about an object loaded through a
// closure's free variable may be the analysis's first (it once needed
// the index before building it: a crash on streadway/amqp).
func TestLoadOfFreeVarFirst(t *testing.T) {
	src := conns + `
func (s *server) watch() {
	var c *conn
	f := func() { _ = c.name }
	c = &conn{kind: leafKind}
	f()
}
`
	fx := load(t, src, Config{})
	watch := fx.pkg.Prog.LookupMethod(types.NewPointer(fx.pkg.Type("server").Type()), fx.pkg.Pkg, "watch")
	require.Len(t, watch.AnonFuncs, 1)
	fv := watch.AnonFuncs[0].FreeVars[0]
	cell := Ref{Kind: RefLoad, Value: fv}
	require.NotPanics(t, func() { fx.a.MayAlias(cell, fx.fieldElems("gateway", 0)) })
	require.False(t, fx.a.MayAlias(cell, fx.fieldElems("gateway", 0)), "the cell holds a leaf")
	require.Equal(t, "{p.go:61:11}", fx.a.Describe(cell, fx.pkg.Prog.Fset))
}
