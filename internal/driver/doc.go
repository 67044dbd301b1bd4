// Package driver is locklint's standalone analysis driver: it runs a set
// of go/analysis analyzers over package patterns, as the x/tools checker
// does, in memory bounded by the types of the program rather than by its
// syntax and SSA.
//
// # How it works
//
// Run loads package metadata only (names, files, imports, module, sizes)
// with go/packages: no file is parsed and nothing is type-checked at load
// time. It then works through the import graph bottom-up, in parallel up
// to GOMAXPROCS workers, in two tasks per package:
//
//  1. parsing its compiled Go files (comments included) and
//     type-checking them with go/types, importing each dependency's
//     *types.Package, which is already built (the package's Imports map
//     resolves import paths, so test variants import the right copy):
//     this can start when its imports are type-checked;
//  2. once its imports are analysed too (their facts are final), running
//     its analyzer actions, in Requires order, with the
//     go/analysis semantics: ResultOf, object and package facts (kept in
//     memory, per package, and visible to every package that imports it
//     directly or not), ReadFile, Module, TypesSizes, TypeErrors;
//     and then resolving its diagnostics to file, line and column, and
//     dropping its syntax, types.Info, analyzer results and SSA.
//
// Among the ready tasks, the one on the longest chain of work to the end
// of the run starts first (source size estimates the work), so that a
// large package's type-check overlaps its dependencies' analyses; a
// type-check runs ahead of the analyses only within bounds on the
// memory that waiting packages hold (schedule.go).
//
// What survives a package is its *types.Package (its importers need it),
// its facts and its diagnostics. The peak is therefore the types of every
// package plus the syntax and SSA of the few packages in flight, where
// the x/tools checker keeps every package's syntax, types and SSA until
// the end; go vet achieves the same bound with one process per package,
// and staticcheck's runner with one process.
//
// # Roots and dependencies
//
// The root packages (those the patterns match, with their test variants
// when Config.Tests is set) run every analyzer given and what those
// require. Dependencies run only the analyzers that have fact types, and
// what those require ("facts-only" mode, as go vet runs dependencies),
// and report nothing.
//
// # Errors
//
// A package whose files cannot be loaded, parsed or type-checked is
// recorded with its errors and not analysed (unless an analyzer sets
// RunDespiteErrors), and the run goes on: its importers are type-checked
// against what it declares, and analysed unless they use a declaration
// that did not type-check. The x/tools checker, by contrast, skips every
// package above a broken one. A panic in an analyzer fails that action
// (and the actions of the package that require it), not the run.
//
// # Determinism
//
// The output does not depend on scheduling: diagnostics are resolved to
// positions and sorted, errors are sorted, and facts are looked up, not
// iterated, except through AllObjectFacts and AllPackageFacts, which
// return them in a fixed order.
package driver
