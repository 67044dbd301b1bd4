package lockstate

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"
	"unicode/utf8"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// Implicit calls: fmt's printing functions (and log's, and testing's,
// which format with fmt before they do anything else) call methods of
// their operands while they format, in the calling goroutine:
//
//   - Format(fmt.State, rune), for every verb but %T and %p;
//   - otherwise GoString() for %#v;
//   - otherwise, for %v %s %q %x %X (and %w in fmt.Errorf), Error() if
//     the operand is an error, else String() if it is a fmt.Stringer.
//
// The print functions without a format (Print, Println, Sprint, ...)
// format every operand with %v. Only operands whose dynamic type is
// known at the call are followed: a concrete value converted to the
// operand's interface there (not an error variable, whose dynamic type
// is not known); a format that is not a constant, or that indexes its
// operands explicitly ("%[2]v"), is not followed. The elements of
// structs, slices and maps that fmt prints with their own methods are
// not followed either.

// fmtSpec describes one formatting function: the index of its format
// argument (-1 for the Print style), and of its first operand (the
// variadic ...any).
type fmtSpec struct {
	format   int
	operands int
	errorf   bool // %w formats with Error()
}

// formatters is the table of formatting functions, one line per function.
var formatters = map[methodKey]fmtSpec{
	{"fmt", "", "Printf"}:   {format: 0, operands: 1},
	{"fmt", "", "Sprintf"}:  {format: 0, operands: 1},
	{"fmt", "", "Errorf"}:   {format: 0, operands: 1, errorf: true},
	{"fmt", "", "Fprintf"}:  {format: 1, operands: 2},
	{"fmt", "", "Appendf"}:  {format: 1, operands: 2},
	{"fmt", "", "Print"}:    {format: -1, operands: 0},
	{"fmt", "", "Println"}:  {format: -1, operands: 0},
	{"fmt", "", "Sprint"}:   {format: -1, operands: 0},
	{"fmt", "", "Sprintln"}: {format: -1, operands: 0},
	{"fmt", "", "Fprint"}:   {format: -1, operands: 1},
	{"fmt", "", "Fprintln"}: {format: -1, operands: 1},
	{"fmt", "", "Append"}:   {format: -1, operands: 1},
	{"fmt", "", "Appendln"}: {format: -1, operands: 1},

	{"log", "", "Printf"}:  {format: 0, operands: 1},
	{"log", "", "Fatalf"}:  {format: 0, operands: 1},
	{"log", "", "Panicf"}:  {format: 0, operands: 1},
	{"log", "", "Print"}:   {format: -1, operands: 0},
	{"log", "", "Println"}: {format: -1, operands: 0},
	{"log", "", "Fatal"}:   {format: -1, operands: 0},
	{"log", "", "Fatalln"}: {format: -1, operands: 0},
	{"log", "", "Panic"}:   {format: -1, operands: 0},
	{"log", "", "Panicln"}: {format: -1, operands: 0},

	// Methods: the receiver is argument 0.
	{"log", "Logger", "Printf"}:  {format: 1, operands: 2},
	{"log", "Logger", "Fatalf"}:  {format: 1, operands: 2},
	{"log", "Logger", "Panicf"}:  {format: 1, operands: 2},
	{"log", "Logger", "Print"}:   {format: -1, operands: 1},
	{"log", "Logger", "Println"}: {format: -1, operands: 1},
	{"log", "Logger", "Fatal"}:   {format: -1, operands: 1},
	{"log", "Logger", "Fatalln"}: {format: -1, operands: 1},
	{"log", "Logger", "Panic"}:   {format: -1, operands: 1},
	{"log", "Logger", "Panicln"}: {format: -1, operands: 1},

	{"testing", "common", "Logf"}:   {format: 1, operands: 2},
	{"testing", "common", "Errorf"}: {format: 1, operands: 2},
	{"testing", "common", "Fatalf"}: {format: 1, operands: 2},
	{"testing", "common", "Skipf"}:  {format: 1, operands: 2},
	{"testing", "common", "Log"}:    {format: -1, operands: 1},
	{"testing", "common", "Error"}:  {format: -1, operands: 1},
	{"testing", "common", "Fatal"}:  {format: -1, operands: 1},
	{"testing", "common", "Skip"}:   {format: -1, operands: 1},
}

// formatterOf returns the table entry of fn.
func formatterOf(fn *types.Func) (fmtSpec, bool) {
	if fn == nil || fn.Pkg() == nil {
		return fmtSpec{}, false
	}
	key := methodKey{pkg: fn.Pkg().Path(), method: fn.Name()}
	if recv := fn.Signature().Recv(); recv != nil {
		key.typ = ownerName(recv.Type())
	}
	spec, ok := formatters[key]
	return spec, ok
}

// operandExprs returns the operand expressions of a call of the
// formatting function (for relevantDecls: every method fmt may call).
func (spec fmtSpec) operandExprs(call *ast.CallExpr, fn *types.Func) []ast.Expr {
	n := spec.operands
	if fn.Signature().Recv() != nil {
		n-- // the receiver is not among call.Args
	}
	if n < 0 || n > len(call.Args) || call.Ellipsis.IsValid() {
		return nil
	}
	return call.Args[n:]
}

// implicitMethods returns the methods of t that fmt may call (for
// relevantDecls).
func (pa *pkgAnalysis) implicitMethods(t types.Type) []*types.Func {
	if t == nil || types.IsInterface(t) {
		return nil
	}
	var out []*types.Func
	ms := pa.msets.MethodSet(t)
	for _, name := range []string{"Format", "GoString", "Error", "String"} {
		if sel := ms.Lookup(nil, name); sel != nil {
			if fn, ok := sel.Obj().(*types.Func); ok && !pa.stdObj(fn) {
				out = append(out, fn)
			}
		}
	}
	return out
}

// typeutilCallee returns the function or method a call expression calls
// statically, or nil.
func typeutilCallee(info *types.Info, call *ast.CallExpr) types.Object {
	return typeutil.Callee(info, call)
}

// implicitCands returns the methods a formatting call runs on its
// operands.
func (pa *pkgAnalysis) implicitCands(c *ssa.CallCommon) []cand {
	fn := c.StaticCallee()
	if fn == nil {
		return nil
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	obj, _ := fn.Object().(*types.Func)
	spec, ok := formatterOf(obj)
	if !ok || spec.operands >= len(c.Args) {
		return nil
	}
	ops := variadicOperands(c.Args[spec.operands])
	if len(ops) == 0 {
		return nil
	}
	var verbs []fmtVerb
	if spec.format >= 0 {
		k, ok := c.Args[spec.format].(*ssa.Const)
		if !ok || k.Value == nil || k.Value.Kind() != constant.String {
			return nil
		}
		verbs, ok = parseVerbs(constant.StringVal(k.Value))
		if !ok {
			return nil
		}
	} else {
		for i := range ops {
			verbs = append(verbs, fmtVerb{verb: 'v', arg: i})
		}
	}
	var out []cand
	for _, vb := range verbs {
		x, ok := ops[vb.arg]
		if !ok {
			continue
		}
		name := methodFor(pa.msets.MethodSet(x.Type()), vb, spec.errorf)
		if name == "" {
			continue
		}
		sel := pa.msets.MethodSet(x.Type()).Lookup(nil, name)
		if cd, ok := methodCand(sel, x, x.Type()); ok && cd.obj != nil && !pa.stdObj(cd.obj) {
			out = append(out, cd)
		}
	}
	return out
}

// variadicOperands returns the concrete values converted to interfaces
// in the ...any slice v, by position.
func variadicOperands(v ssa.Value) map[int]ssa.Value {
	sl, ok := v.(*ssa.Slice)
	if !ok {
		return nil
	}
	arr, ok := sl.X.(*ssa.Alloc)
	if !ok {
		return nil
	}
	out := make(map[int]ssa.Value)
	for _, ref := range *arr.Referrers() {
		ia, ok := ref.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		k, ok := ia.Index.(*ssa.Const)
		if !ok || k.Value == nil {
			continue
		}
		idx, exact := constant.Int64Val(k.Value)
		if !exact {
			continue
		}
		for _, r := range *ia.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Addr == ia {
				if mi, ok := st.Val.(*ssa.MakeInterface); ok && !types.IsInterface(mi.X.Type()) {
					out[int(idx)] = mi.X
				}
			}
		}
	}
	return out
}

// fmtVerb is one verb of a format, with the operand it formats.
type fmtVerb struct {
	verb  rune
	sharp bool
	arg   int
}

// parseVerbs lists the verbs of a format and their operands, or false
// for a format it does not follow (explicit argument indexes).
func parseVerbs(format string) ([]fmtVerb, bool) {
	var out []fmtVerb
	arg := 0
	for i := 0; i < len(format); {
		if format[i] != '%' {
			i++
			continue
		}
		i++
		sharp := false
		for i < len(format) && strings.IndexByte("#0+- ", format[i]) >= 0 {
			if format[i] == '#' {
				sharp = true
			}
			i++
		}
		num := func() {
			if i < len(format) && format[i] == '*' {
				arg++ // the width or precision is an operand
				i++
				return
			}
			for i < len(format) && format[i] >= '0' && format[i] <= '9' {
				i++
			}
		}
		num()
		if i < len(format) && format[i] == '.' {
			i++
			num()
		}
		if i >= len(format) {
			break
		}
		if format[i] == '[' {
			return nil, false
		}
		r, size := utf8.DecodeRuneInString(format[i:])
		i += size
		if r == '%' {
			continue
		}
		out = append(out, fmtVerb{verb: r, sharp: sharp, arg: arg})
		arg++
	}
	return out, true
}

// methodFor returns the name of the method fmt calls for a verb on an
// operand with method set ms, or "".
func methodFor(ms *types.MethodSet, vb fmtVerb, errorf bool) string {
	if vb.verb == 'T' || vb.verb == 'p' {
		return ""
	}
	has := func(name string, params int) bool {
		sel := ms.Lookup(nil, name)
		if sel == nil {
			return false
		}
		sig, ok := sel.Type().(*types.Signature)
		if !ok || sig.Params().Len() != params {
			return false
		}
		if name == "Format" {
			return sig.Results().Len() == 0
		}
		return sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.String])
	}
	if has("Format", 2) {
		return "Format"
	}
	if vb.sharp && vb.verb == 'v' {
		if has("GoString", 0) {
			return "GoString"
		}
		return ""
	}
	switch vb.verb {
	case 'v', 's', 'q', 'x', 'X':
	case 'w':
		if !errorf {
			return ""
		}
	default:
		return ""
	}
	if has("Error", 0) {
		return "Error"
	}
	if has("String", 0) {
		return "String"
	}
	return ""
}

// stdObj reports whether obj is declared in the standard library (its
// file is in GOROOT/src): see stdReach.
func (pa *pkgAnalysis) stdObj(obj types.Object) bool {
	pkg := obj.Pkg()
	if pkg == nil {
		return true
	}
	if std, ok := memoGet(pa, pa.stdPkgs, pkg); ok {
		return std
	}
	std := false
	if f := pa.pass.Fset.File(obj.Pos()); f != nil {
		std = inGoroot(f.Name())
	}
	return memoPut(pa, pa.stdPkgs, pkg, std)
}
