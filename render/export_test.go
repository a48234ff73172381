package render

import "net/netip"

// SetPrivate swaps the classifier of the addresses the browser reaches,
// so that a loopback test server can play a public host.
func SetPrivate(b *Browser, isPrivate func(netip.Addr) bool) { b.isPrivate = isPrivate }
