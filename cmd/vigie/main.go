// Command vigie audits the privacy policies of connected-object vendors.
//
// It finds the privacy policy linked from a vendor's footer, fetches it
// politely, scores it against the seven topics the French data-protection
// authority expects a connected-object notice to disclose, and writes reports
// that quote their evidence.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the command line and returns the process exit code. It owns
// the signal handling: the first Ctrl-C cancels the context (commands then
// write what they have, marked partial); a second one exits at once.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)

	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		select {
		case <-sigs:
		case <-ctx.Done():
			return
		}
		fmt.Fprintln(stderr, "vigie: interrupted; finishing the report (press Ctrl-C again to exit at once)")
		cancel(errInterrupted)
		select {
		case <-sigs:
			fmt.Fprintln(stderr, "vigie: interrupted twice; exiting")
			os.Exit(ExitInterrupted)
		case <-ctx.Done():
		}
	}()

	root := newRootCmd(&streams{In: stdin, Out: stdout, ErrOut: stderr})
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	return exitCode(ctx, err, stderr)
}
