// Command vigie-farm serves a farm of generated vendor sites on loopback, for
// measuring vigie's throughput and memory on large batches:
//
//	go run ./cmd/vigie-farm -n 10000 -list /tmp/farm.txt &
//	vigie audit -i /tmp/farm.txt --delay 0 --no-db -f jsonl -o /dev/null
//
// Each vendor is its own origin (its own 127.x.y.z address); see
// scripts/measure-batch.sh.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/vigie-audit/vigie/internal/farm"
)

func main() {
	n := flag.Int("n", 1000, "number of vendor sites")
	list := flag.String("list", "", "write the vendor list (one URL a line) to this file")
	latency := flag.Duration("latency", 0, "delay added to every response")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	f, err := farm.Start(ctx, *n, *latency)
	if err != nil {
		fmt.Fprintln(os.Stderr, "vigie-farm:", err)
		os.Exit(1)
	}
	if *list != "" {
		if err := os.WriteFile(*list, []byte(f.List()), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "vigie-farm:", err)
			os.Exit(1)
		}
	}
	fmt.Printf("vigie-farm: %d sites on port %d (first %s)\n", *n, f.Port, f.URL(0))
	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = shutdown
	f.Close()
}
