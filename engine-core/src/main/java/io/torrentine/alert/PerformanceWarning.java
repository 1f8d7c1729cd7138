package io.torrentine.alert;

/**
 * What limits a torrent's speed, as {@link PerformanceWarningAlert} reports it. Each constant
 * says which setting or resource to look at. More may be added in later releases.
 */
public enum PerformanceWarning {
    /**
     * The bytes queued for the disk reached their limit, so peers stopped reading from their
     * sockets until the disk caught up (back-pressure). Raise the disk queue limit, or use faster
     * storage.
     */
    DISK_QUEUE_FULL,
    /**
     * The download rate limit is so low that the upload rate is limited too (the peers' requests
     * and acknowledgements cannot get through). Raise the download limit.
     */
    DOWNLOAD_LIMIT_TOO_LOW,
    /**
     * The upload rate limit is so low that the download rate suffers (peers reciprocate uploads,
     * and requests are sent through the upload channel). Raise the upload limit.
     */
    UPLOAD_LIMIT_TOO_LOW,
    /**
     * The number of requests kept outstanding to a peer hit its maximum, so a fast peer cannot be
     * kept busy over a long round trip. Raise the outstanding request limit.
     */
    TOO_FEW_OUTSTANDING_REQUESTS,
    /**
     * The send buffer watermark is too low to keep a fast connection's socket full. Raise it.
     */
    SEND_BUFFER_WATERMARK_TOO_LOW,
    /**
     * The bound on open file handles is lower than the files being read and written, so files
     * are closed and opened again all the time. Raise it.
     */
    TOO_FEW_FILE_HANDLES
}
