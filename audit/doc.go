// Package audit runs vigie's pipeline over a batch of vendors: each vendor's
// home page is crawled for its privacy policy, the policy is analysed and
// scored by the rules, and the result is streamed to the report writers and
// committed to the store as soon as it is known.
package audit
