package io.torrentine.alert;

/** The protocol of a listening socket, as {@link ListenSucceededAlert} and {@link ListenFailedAlert} report it. */
public enum ListenProtocol {
    /** A TCP socket for incoming peer connections. */
    TCP,
    /** A UDP socket, shared by uTP (BEP 29) and the DHT (BEP 5). */
    UDP
}
