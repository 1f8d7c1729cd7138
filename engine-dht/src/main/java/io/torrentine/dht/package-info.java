/** Public API of the DHT (BEP 5); empty until the DHT issue lands. */
package io.torrentine.dht;
