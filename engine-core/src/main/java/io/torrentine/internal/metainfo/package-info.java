/** Internal: the pieces of metainfo parsing (path sanitizing, v1 and v2 file lists, merkle checks). */
package io.torrentine.internal.metainfo;
