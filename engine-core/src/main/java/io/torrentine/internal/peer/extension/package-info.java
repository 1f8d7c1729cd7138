/**
 * Internal: payload codecs of BEP 10 extension messages (the bytes after the extended message
 * id): the extension handshake (BEP 10, with BEP 9 and BEP 21 keys), ut_metadata (BEP 9) and
 * the metadata assembler, ut_pex (BEP 11) and lt_donthave (BEP 54). Bencode only, no Netty
 * pipeline code; not part of the API. See {@code docs/extension-protocol.md}.
 */
package io.torrentine.internal.peer.extension;
