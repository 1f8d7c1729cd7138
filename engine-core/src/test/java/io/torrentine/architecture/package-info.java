/** Tests only: the layering rules of GUIDE.md and STYLE.md, checked with ArchUnit. */
package io.torrentine.architecture;
