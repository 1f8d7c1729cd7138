/** The {@code torrentine} command-line client (an example program: it prints). */
package io.torrentine.examples.cli;
