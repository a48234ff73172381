package rules

import (
	"math/bits"
	"slices"
)

// Bit-parallel matching. A pattern compiles to a short program over sets of
// token positions: running it over a sentence carries, element by element,
// the set of positions that partial matches starting anywhere have reached
// (position i: the next token to read is token i). An atom keeps the
// positions whose token it matches and moves them one token on (or past a
// joined compound), a gap spreads them over the next N tokens, an optional
// element or a group unions the sets of its branches. One run answers
// "does the pattern match anywhere in this sentence?" in a few word
// operations per element, with no backtracking and no limit on steps; a run
// from a single start position gives the ends of the matches that start
// there.
//
// A sentence of up to 62 tokens fits its positions (0..n), and the flag z
// below, in one machine word (run1); one of up to 126 tokens in two
// (run2); longer ones use W words (runN).
//
// A match starts with a token that an atom reads: a gap met before the
// first atom (after optional elements that were left out) reads nothing.
// The flag z, "no token read yet", carries that: the start positions join
// the set only at the first atom read.

type bop uint8

const (
	bAtom     bop = iota // arg: the atom
	bGap                 // arg: up to arg tokens of anything
	bOptBegin            // an optional element: push the state
	bOptEnd              // union with the state pushed (the element left out)
	bAltBegin            // a group: push the state (the input) and an empty union
	bAltNext             // add the state to the union, restart from the input
	bAltEnd              // the state is the union
	// bGuard stands before a group's alternatives of several words: when
	// none of the atoms they can start with matches at a position of the
	// state, they can match nothing and the run skips to the group's end.
	// arg is that union of first atoms.
	bGuard
	// bAltAtom is a bAtom that opens an alternative of a group with
	// another alternative after it (see markAltAtoms): it runs as bAtom,
	// and bAltNext skips its alternative when it matches at none of the
	// positions.
	bAltAtom
)

// readsAtom reports whether an instruction of op reads the atom in its
// arg.
func readsAtom(op bop) bool { return op == bAtom || op == bAltAtom || op == bGuard }

// markAltAtoms turns into bAltAtom the atoms of a finished program that
// open an alternative followed by another.
func markAltAtoms(code []binst) {
	for pc := 1; pc < len(code); pc++ {
		in := &code[pc]
		if in.op == bAtom && code[pc-1].op == bAltNext && in.fail >= 0 && code[in.fail].op == bAltNext {
			in.op = bAltAtom
		}
	}
}

// binst is one instruction of a bit program.
type binst struct {
	op bop
	// fail is where to go when the state empties: the end of the innermost
	// enclosing branch, or -1 when the pattern fails.
	fail int32
	arg  int32
}

// maxStack bounds the states a program pushes at once (its nesting).
const maxStack = 24

// stackMask indexes run2's stack (sentence.stc2), a power of two above
// maxStack: an index masked with it needs no bounds check.
const stackMask = 31

// bitgen compiles a node sequence to a bit program.
type bitgen struct {
	code   []binst
	intern func(*atom) int32
	guard  int32
	// in, when set, remembers the groups' merged alternatives.
	in *interner
}

func (g *bitgen) collapse(alts [][]node) (*atom, [][]node, bool) {
	if g.in != nil {
		return g.in.collapse(alts)
	}
	lit, rest, ok := collapse(alts)
	return &lit, rest, ok
}

// minGuarded is the number of alternatives of several words from which a
// group gets a guard.
const minGuarded = 3

// leadAtoms returns the atoms a match of nodes reads first; ok is false
// when a gap may come before the first atom read, or a number atom may be
// read first (a guard cannot stand for them).
func leadAtoms(nodes []node, dst []*atom) ([]*atom, bool) {
	for _, n := range nodes {
		switch {
		case !n.group && n.atom.kind == atomGap:
			return nil, false
		case !n.group && n.atom.kind != atomWord:
			return nil, false
		case !n.group:
			dst = append(dst, n.atom)
		default:
			for _, alt := range n.alts {
				var ok bool
				if dst, ok = leadAtoms(alt, dst); !ok {
					return nil, false
				}
			}
		}
		if !n.opt && !nullable([]node{n}) {
			return dst, true
		}
	}
	return dst, true
}

// unionAtom is a word atom matching what any of atoms matches.
func unionAtom(atoms []*atom) *atom {
	u := &atom{kind: atomWord}
	add := func(dst []string, src []string) []string {
		for _, k := range src {
			if !slices.Contains(dst, k) {
				dst = append(dst, k)
			}
		}
		return dst
	}
	for _, a := range atoms {
		u.keys = add(u.keys, a.keys)
		u.pre = add(u.pre, a.pre)
		u.suf = add(u.suf, a.suf)
		u.inf = add(u.inf, a.inf)
	}
	return u
}

func (g *bitgen) seq(nodes []node) {
	for _, n := range nodes {
		if n.opt {
			g.code = append(g.code, binst{op: bOptBegin})
		}
		switch {
		case !n.group && n.atom.kind == atomGap:
			g.code = append(g.code, binst{op: bGap, arg: int32(n.atom.hi)})
		case !n.group:
			g.code = append(g.code, binst{op: bAtom, arg: g.intern(n.atom)})
		default:
			alts := n.alts
			if lit, rest, ok := g.collapse(alts); ok {
				if len(rest) == 0 {
					g.code = append(g.code, binst{op: bAtom, arg: g.intern(lit)})
					break
				}
				alts = append([][]node{{{atom: lit}}}, rest...)
			}
			if len(alts) == 1 {
				g.seq(alts[0])
				break
			}
			g.code = append(g.code, binst{op: bAltBegin})
			// The alternatives of several words, after the single words
			// (merged into one atom, alts[0]), get a guard.
			guardAt := -1
			if len(alts)-1 >= minGuarded {
				if _, _, merged := g.collapse(n.alts); merged {
					var lead []*atom
					ok := true
					for _, alt := range alts[1:] {
						if lead, ok = leadAtoms(alt, lead); !ok {
							break
						}
					}
					if ok && len(lead) > 0 {
						guardAt = 1
						g.guard = g.intern(unionAtom(lead))
					}
				}
			}
			for i, alt := range alts {
				if i > 0 {
					g.code = append(g.code, binst{op: bAltNext})
				}
				if i == guardAt {
					g.code = append(g.code, binst{op: bGuard, arg: g.guard})
				}
				g.seq(alt)
			}
			g.code = append(g.code, binst{op: bAltEnd})
		}
		if n.opt {
			g.code = append(g.code, binst{op: bOptEnd})
		}
	}
}

// finish sets the fail targets of the program and returns its stack depth.
func (g *bitgen) finish() int {
	code := g.code
	// next: for a begin or a separator, the pc of the separator or end that
	// closes its branch.
	next := make([]int32, len(code))
	var open []int
	depth, most := 0, 0
	for pc, in := range code {
		switch in.op {
		case bOptBegin:
			open = append(open, pc)
			depth++
		case bAltBegin:
			open = append(open, pc)
			depth += 2
		case bAltNext:
			next[open[len(open)-1]] = int32(pc)
			open[len(open)-1] = pc
		case bOptEnd:
			next[open[len(open)-1]] = int32(pc)
			open = open[:len(open)-1]
			depth--
		case bAltEnd:
			next[open[len(open)-1]] = int32(pc)
			open = open[:len(open)-1]
			depth -= 2
		}
		most = max(most, depth)
	}
	failOf := func() int32 {
		if len(open) == 0 {
			return -1
		}
		return next[open[len(open)-1]]
	}
	// end: for a group's begin, its bAltEnd.
	end := make([]int32, len(code))
	for pc := range code {
		if code[pc].op == bAltBegin {
			e := int32(pc)
			for code[e].op != bAltEnd {
				e = next[e]
			}
			end[pc] = e
		}
	}
	open = open[:0]
	var begins []int
	for pc := range code {
		in := &code[pc]
		switch in.op {
		case bOptBegin, bAltBegin:
			in.fail = failOf()
			open = append(open, pc)
			if in.op == bAltBegin {
				begins = append(begins, pc)
			}
		case bAltNext:
			open[len(open)-1] = pc
		case bOptEnd, bAltEnd:
			open = open[:len(open)-1]
			in.fail = failOf()
			if in.op == bAltEnd {
				begins = begins[:len(begins)-1]
			}
		case bGuard:
			in.fail = end[begins[len(begins)-1]]
		default:
			in.fail = failOf()
		}
	}
	return most
}

// sentence is a tokenised sentence as the bit programs read it: per atom,
// the positions of the tokens it matches.
type sentence struct {
	toks tokens
	n    int // tokens
	// w is the words per position set: (n+2+63)/64. One word holds
	// positions 0..n and, in run1, the flag zFlag: up to 62 tokens.
	w int
	// valid holds positions 0..n (one word).
	valid uint64
	// pos holds, per atom, the positions in a one-word sentence of the
	// tokens whose key (k) or joined key (j) it matches, when its gen is
	// the sentence's (none otherwise: nothing clears them). joins says
	// that some atom matches a joined key (every j is zero otherwise).
	pos   []atomPos
	gen   uint32
	joins bool
	// For longer sentences: slot[a] is 1 + the offset in arena of atom a's
	// positions (w words of keys, then w words of joined keys), 0 when the
	// sentence has none.
	slot  []int32
	arena []uint64
	// regs is scratch space of runN: the stack and registers; stz, runN's
	// stack of flags.
	regs []uint64
	stz  [maxStack]bool
	// stc1 is run1's stack of position sets, stc2 run2's.
	stc1 [maxStack]uint64
	stc2 [stackMask + 1][2]uint64
	// zero is w words of zeros.
	zero []uint64
	// present has bit a set when atom a matches a token of the sentence,
	// and a clause's bit past the atoms' when one of its atoms does (see
	// index.clauseBase).
	present []uint64
}

// atomPos is an atom's positions in a one-word sentence: those of the
// tokens whose key (k) or joined key (j) it matches, in the sentence of
// generation gen (sentence.gen). The two share a cache line and a bounds
// check: an atom instruction reads both. The generation saves clearing
// the positions a sentence marked before the next: Evaluate over OPP-115,
// 417 → 407 M instructions per pass (-2.4%).
type atomPos struct {
	k, j uint64
	gen  uint32
}

// at returns atom a's key and joined-key positions in the current
// one-word sentence.
func (s *sentence) at(a int32) (k, j uint64) {
	ap := &s.pos[a]
	if ap.gen != s.gen {
		return 0, 0
	}
	return ap.k, ap.j
}

// markK and markJ add positions bits to atom a's key (markK) or
// joined-key (markJ) positions in the current one-word sentence.
func (s *sentence) markK(a int32, bits uint64) {
	ap := &s.pos[a]
	if ap.gen != s.gen {
		*ap = atomPos{k: bits, gen: s.gen}
		return
	}
	ap.k |= bits
}

func (s *sentence) markJ(a int32, bits uint64) {
	ap := &s.pos[a]
	if ap.gen != s.gen {
		*ap = atomPos{j: bits, gen: s.gen}
		return
	}
	ap.j |= bits
}

// reset sizes the state for n tokens over natoms atoms and npres presence
// bits (see index.clauseBase). The positions of the previous sentence are
// already cleared (matcher.unmark), or of another generation.
func (s *sentence) reset(n, natoms, npres int) {
	if len(s.pos) < natoms || len(s.present) < (npres+63)/64 {
		s.pos = make([]atomPos, natoms)
		s.slot = make([]int32, natoms)
		s.present = make([]uint64, (max(npres, natoms)+63)/64)
	}
	clear(s.present)
	s.joins = false
	s.n = n
	s.w = (n + 2 + 63) / 64
	s.valid = 0
	if s.w == 1 {
		s.valid = uint64(2)<<uint(n) - 1
	}
	s.arena = s.arena[:0]
	if cap(s.zero) < s.w {
		s.zero = make([]uint64, s.w)
	}
	s.zero = s.zero[:s.w]
}

// mark records that atom a matches the key (join false) or the joined key
// of token i.
func (s *sentence) mark(a int32, i int, join bool) {
	if s.w == 1 {
		s.present[a>>6] |= 1 << uint(a&63)
		if join {
			s.markJ(a, 1<<uint(i))
			s.joins = true
		} else {
			s.markK(a, 1<<uint(i))
		}
		return
	}
	off := s.slotOf(a) + i/64
	if join {
		off += s.w
	}
	s.arena[off] |= 1 << uint(i%64)
}

// slotOf returns the offset in the arena of atom a's positions (2 × w
// words: keys, then joined keys) in a sentence longer than a word, making
// room for them, and setting a's presence bit, on its first mark.
func (s *sentence) slotOf(a int32) int {
	o := s.slot[a]
	if o == 0 {
		o = int32(len(s.arena)) + 1
		s.slot[a] = o
		s.present[a>>6] |= 1 << uint(a&63)
		for range 2 * s.w {
			s.arena = append(s.arena, 0)
		}
	}
	return int(o - 1)
}

// markSet records that atom a matches the keys (join false) or the joined
// keys of the tokens at positions pos (w words), in a sentence longer than
// a word.
func (s *sentence) markSet(a int32, pos []uint64, join bool) {
	off := s.slotOf(a)
	if join {
		off += s.w
	}
	for i, v := range pos {
		s.arena[off+i] |= v
	}
}

// keysN and joinsN return atom a's key and joined-key positions (w words),
// nil when the sentence has none.
func (s *sentence) keysN(a int32) (k, j []uint64) {
	o := s.slot[a]
	if o == 0 {
		return nil, nil
	}
	off := int(o - 1)
	return s.arena[off : off+s.w], s.arena[off+s.w : off+2*s.w]
}

// joins1 moves the positions j, tokens that start a compound, past their
// compounds, keeping only compounds with no masked token.
func (s *sentence) joins1(j, mask uint64) uint64 {
	var out uint64
	for j != 0 {
		i := bits.TrailingZeros64(j)
		j &= j - 1
		end := int(s.toks.toks[i].jEnd)
		if mask != 0 && mask>>uint(i)&(uint64(1)<<uint(end-i)-1) != 0 {
			continue
		}
		out |= 1 << uint(end)
	}
	return out
}

// zFlag is run1's flag "no token read yet" (z, see above), carried in
// the position set's top bit, which a one-word sentence leaves free (w):
// the union of two states is then the union of their flags too, and one
// register holds both. With kp and jp in one array (atomPos), run1 keeps
// its state in registers: 529 → 513 M instructions per OPP-115 Evaluate
// pass (-3.0%), 16.60 → 16.21 M per farm op (-2.4%).
const zFlag = uint64(1) << 63

// run1 runs code over a one-word sentence from the start positions s0 and
// returns the positions where matches end. Tokens in mask are read by no
// atom; a gap may pass over them (a near miss masks the words it covers,
// not the sentence around them).
func (s *sentence) run1(code []binst, s0, mask uint64) uint64 {
	// The stack lives in the sentence: a local array would be zeroed on
	// every call, and a slot is always written before it is read.
	stc := &s.stc1
	sp := 0
	cur := zFlag
	pos, gen := s.pos, s.gen
	for pc := 0; pc < len(code); pc++ {
		in := &code[pc]
		switch in.op {
		case bAtom, bAltAtom:
			x := cur
			if x&zFlag != 0 {
				x = x&^zFlag | s0
			}
			ap := &pos[in.arg]
			if ap.gen != gen {
				x = 0
			}
			nxt := (x & ap.k &^ mask) << 1
			if j := x & ap.j; j != 0 {
				nxt |= s.joins1(j, mask)
			}
			cur = nxt
			if cur == 0 {
				if in.fail < 0 {
					return 0
				}
				pc = int(in.fail) - 1
			}
		case bGap:
			cur = smear(cur, in.arg)&s.valid | cur&zFlag
		case bOptBegin:
			stc[sp] = cur
			sp++
		case bOptEnd:
			sp--
			cur |= stc[sp]
		case bAltBegin:
			stc[sp], stc[sp+1] = cur, 0
			sp += 2
		case bAltNext:
			stc[sp-1] |= cur
			cur = stc[sp-2]
			// Skip, in one loop, the alternatives whose first atom
			// matches at none of the positions: each would fail at that
			// atom and go on to the next alternative, adding nothing to
			// the union. Most of a long list's alternatives are absent.
			x := cur
			if x&zFlag != 0 {
				x = x&^zFlag | s0
			}
			x &^= mask
			for {
				nx := &code[pc+1]
				if nx.op != bAltAtom {
					break
				}
				if ap := &pos[nx.arg]; ap.gen == gen && x&(ap.k|ap.j) != 0 {
					break
				}
				pc = int(nx.fail)
			}
		case bAltEnd:
			sp -= 2
			cur |= stc[sp+1]
			if cur == 0 {
				if in.fail < 0 {
					return 0
				}
				pc = int(in.fail) - 1
			}
		case bGuard:
			x := cur
			if x&zFlag != 0 {
				x = x&^zFlag | s0
			}
			if ap := &pos[in.arg]; ap.gen != gen || x&(ap.k|ap.j)&^mask == 0 {
				cur = 0
				pc = int(in.fail) - 1
			}
		}
	}
	return cur &^ zFlag
}

// smear returns x | x<<1 | … | x<<n, the positions a gap of up to n
// tokens reaches from those of x, in about log2(n) shifts.
func smear(x uint64, n int32) uint64 {
	c := int32(1) // x covers the shifts 0..c-1
	for 2*c <= n+1 {
		x |= x << uint(c)
		c *= 2
	}
	if c < n+1 {
		x |= x << uint(n+1-c)
	}
	return x
}

// smear2 is smear on the two words lo, hi of a 128-position set.
func smear2(lo, hi uint64, n int32) (uint64, uint64) {
	shl := func(lo, hi uint64, k uint) (uint64, uint64) {
		return lo << k, hi<<k | lo>>(64-k)
	}
	c := int32(1)
	for 2*c <= n+1 {
		l, h := shl(lo, hi, uint(c))
		lo, hi = lo|l, hi|h
		c *= 2
	}
	if c < n+1 {
		l, h := shl(lo, hi, uint(n+1-c))
		lo, hi = lo|l, hi|h
	}
	return lo, hi
}

// runN is run1 for a sentence of w > 1 words (run2 for two): it writes
// the end positions to out (w words) and reports whether there is any.
func (s *sentence) runN(code []binst, s0, mask, out []uint64) bool {
	w := s.w
	if w == 2 {
		lo, hi := s.run2(code, s0[0], s0[1], mask[0], mask[1])
		out[0], out[1] = lo, hi
		return lo|hi != 0
	}
	need := (maxStack + 2) * w
	if cap(s.regs) < need {
		s.regs = make([]uint64, need)
	}
	regs := s.regs[:need]
	x := regs[maxStack*w : (maxStack+1)*w]
	nxt := regs[(maxStack+1)*w : (maxStack+2)*w]
	stack := func(i int) []uint64 { return regs[i*w : (i+1)*w] }
	cur := out
	clear(cur)
	z := true
	sp := 0
	for pc := 0; pc < len(code); pc++ {
		in := &code[pc]
		switch in.op {
		case bAtom, bAltAtom:
			copy(x, cur)
			if z {
				for i := range x {
					x[i] |= s0[i]
				}
				z = false
			}
			k, j := s.keysN(in.arg)
			any := uint64(0)
			var carry uint64
			for i := range w {
				v := uint64(0)
				if k != nil {
					v = x[i] & k[i] &^ mask[i]
				}
				nxt[i] = v<<1 | carry
				carry = v >> 63
			}
			if j != nil {
				for i := range w {
					jw := x[i] & j[i]
					for jw != 0 {
						t := i*64 + bits.TrailingZeros64(jw)
						jw &= jw - 1
						end := int(s.toks.toks[t].jEnd)
						if maskedRange(mask, t, end) {
							continue
						}
						nxt[end/64] |= 1 << uint(end%64)
					}
				}
			}
			for i := range w {
				cur[i] = nxt[i]
				any |= nxt[i]
			}
			if any == 0 {
				if in.fail < 0 {
					return false
				}
				pc = int(in.fail) - 1
			}
		case bGap:
			for range in.arg {
				var carry uint64
				for i := range w {
					v := cur[i]
					nv := v | v<<1 | carry
					carry = v >> 63
					cur[i] = nv
				}
			}
			// positions past n do not exist
			last := s.n / 64
			cur[last] &= uint64(2)<<uint(s.n%64) - 1
			for i := last + 1; i < w; i++ {
				cur[i] = 0
			}
		case bOptBegin:
			copy(stack(sp), cur)
			s.stz[sp] = z
			sp++
		case bOptEnd:
			sp--
			for i, v := range stack(sp) {
				cur[i] |= v
			}
			z = z || s.stz[sp]
		case bAltBegin:
			copy(stack(sp), cur)
			s.stz[sp] = z
			clear(stack(sp + 1))
			s.stz[sp+1] = false
			sp += 2
		case bAltNext:
			acc := stack(sp - 1)
			for i, v := range cur {
				acc[i] |= v
			}
			s.stz[sp-1] = s.stz[sp-1] || z
			copy(cur, stack(sp-2))
			z = s.stz[sp-2]
		case bAltEnd:
			sp -= 2
			any := uint64(0)
			for i, v := range stack(sp + 1) {
				cur[i] |= v
				any |= cur[i]
			}
			z = z || s.stz[sp+1]
			if any == 0 && !z {
				if in.fail < 0 {
					return false
				}
				pc = int(in.fail) - 1
			}
		case bGuard:
			k, j := s.keysN(in.arg)
			hit := false
			for i := 0; i < w && k != nil && !hit; i++ {
				x := cur[i]
				if z {
					x |= s0[i]
				}
				hit = x&(k[i]|j[i])&^mask[i] != 0
			}
			if !hit {
				clear(cur)
				z = false
				pc = int(in.fail) - 1
			}
		}
	}
	for _, v := range cur {
		if v != 0 {
			return true
		}
	}
	return false
}

// run2 is run1 for a sentence of two words (63 to 126 tokens), its
// position sets in two registers (lo, hi), the flag z in hi's top bit:
// runN's loops over w words cost several times as much (Evaluate over
// OPP-115: 407 → 393 M instructions per pass, -3.3%). It returns the end
// positions.
func (s *sentence) run2(code []binst, s0lo, s0hi, mlo, mhi uint64) (uint64, uint64) {
	stc := &s.stc2
	sp := 0
	lo, hi := uint64(0), zFlag
	// positions 0..n: those from 64 in hi
	validHi := uint64(1)<<uint(s.n-63) - 1
	for pc := 0; pc < len(code); pc++ {
		in := &code[pc]
		switch in.op {
		case bAtom, bAltAtom:
			xl, xh := lo, hi
			if xh&zFlag != 0 {
				xl, xh = xl|s0lo, xh&^zFlag|s0hi
			}
			lo, hi = 0, 0
			if o := s.slot[in.arg]; o != 0 {
				a := s.arena[o-1 : o+3] // keys lo, hi, joined keys lo, hi
				vl, vh := xl&a[0]&^mlo, xh&a[1]&^mhi
				lo, hi = vl<<1, vh<<1|vl>>63
				if jl, jh := xl&a[2], xh&a[3]; jl|jh != 0 {
					lo, hi = s.joins2(jl, jh, mlo, mhi, lo, hi)
				}
			}
			if lo|hi == 0 {
				if in.fail < 0 {
					return 0, 0
				}
				pc = int(in.fail) - 1
			}
		case bGap:
			xl, xh := smear2(lo, hi&^zFlag, in.arg)
			lo, hi = xl, xh&validHi|hi&zFlag
		case bOptBegin:
			stc[sp&stackMask] = [2]uint64{lo, hi}
			sp++
		case bOptEnd:
			sp--
			st := &stc[sp&stackMask]
			lo, hi = lo|st[0], hi|st[1]
		case bAltBegin:
			stc[sp&stackMask], stc[(sp+1)&stackMask] = [2]uint64{lo, hi}, [2]uint64{}
			sp += 2
		case bAltNext:
			acc := &stc[(sp-1)&stackMask]
			acc[0], acc[1] = acc[0]|lo, acc[1]|hi
			st := &stc[(sp-2)&stackMask]
			lo, hi = st[0], st[1]
		case bAltEnd:
			sp -= 2
			st := &stc[(sp+1)&stackMask]
			lo, hi = lo|st[0], hi|st[1]
			if lo|hi == 0 {
				if in.fail < 0 {
					return 0, 0
				}
				pc = int(in.fail) - 1
			}
		case bGuard:
			xl, xh := lo, hi
			if xh&zFlag != 0 {
				xl, xh = xl|s0lo, xh&^zFlag|s0hi
			}
			hit := false
			if o := s.slot[in.arg]; o != 0 {
				a := s.arena[o-1 : o+3]
				hit = (xl&(a[0]|a[2])&^mlo)|(xh&(a[1]|a[3])&^mhi) != 0
			}
			if !hit {
				lo, hi = 0, 0
				pc = int(in.fail) - 1
			}
		}
	}
	return lo, hi &^ zFlag
}

// joins2 adds to the positions (lo, hi) of a two-word sentence those past
// the compounds that start at positions (jl, jh), keeping only compounds
// with no masked token.
func (s *sentence) joins2(jl, jh, mlo, mhi, lo, hi uint64) (uint64, uint64) {
	mask := [2]uint64{mlo, mhi}
	for wi, jw := range [2]uint64{jl, jh} {
		for jw != 0 {
			t := wi*64 + bits.TrailingZeros64(jw)
			jw &= jw - 1
			end := int(s.toks.toks[t].jEnd)
			if maskedRange(mask[:], t, end) {
				continue
			}
			if end < 64 {
				lo |= 1 << uint(end)
			} else {
				hi |= 1 << uint(end-64)
			}
		}
	}
	return lo, hi
}

// maskedRange reports whether mask (w words) holds a position in [a, b).
func maskedRange(mask []uint64, a, b int) bool {
	for i := a; i < b; i++ {
		if mask[i/64]&(1<<uint(i%64)) != 0 {
			return true
		}
	}
	return false
}
