// Command drift measures narrative drift in transcripts of story circles,
// assemblies and meetings. See README.md.
package main

import "os"

func main() { os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
