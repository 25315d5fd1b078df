// Command hello is the ceiling for bench/run.sh: the least a Go net/http
// server can do per request on this machine. The town hall's numbers are
// read against it.
package main

import (
	"flag"
	"log"
	"net/http"
)

const page = `<!doctype html><html lang="en"><title>hello</title><h1>Hello</h1></html>`

func main() {
	addr := flag.String("addr", "127.0.0.1:18090", "address to listen on (keep it on 127.0.0.1)")
	flag.Parse()
	http.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	})
	log.Printf("hello listening on %s", *addr)
	log.Fatal(http.ListenAndServe(*addr, nil))
}
