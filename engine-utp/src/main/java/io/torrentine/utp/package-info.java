/** Public API of the uTP transport (BEP 29); empty until the uTP issue lands. */
package io.torrentine.utp;
