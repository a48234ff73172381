// Package rules assesses a policy Document against the seven disclosure
// topics (data, purposes, sharing, cookies, security, rights, children)
// with a declarative, multilingual rule pack, and quotes its evidence.
//
// Packs are YAML: the default one is embedded from defaults/ (Default);
// Open and Load read another. Loading has two stages, like gitleaks and
// trivy: the files decode into raw structs that keep line numbers
// (schema.go), then compile into a validated Pack (compile.go, pattern.go,
// index.go), so a bad pattern fails at load time with its file and line.
// Evaluate (engine.go) tokenises each sentence (text.go), finds the pattern
// matches through the token index, applies near-miss masks, companion
// requirements, vetoes and document-level needs, and combines the hits into
// per-topic strengths, levels, evidence and a 0–100 score.
//
// README.md documents the file format, the pattern language and the
// scoring.
package rules
