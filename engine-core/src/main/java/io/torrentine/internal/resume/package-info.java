/**
 * Internal: resume data. The codec between {@link io.torrentine.session.AddTorrentParams} and
 * libtorrent's bencoded resume file format ({@link io.torrentine.internal.resume.ResumeDataWriter},
 * {@link io.torrentine.internal.resume.ResumeDataReader}), the crash-safe file that holds it
 * ({@link io.torrentine.internal.resume.ResumeDataFile}), and the sample re-hash that decides
 * whether a loaded bitfield can be trusted ({@link io.torrentine.internal.resume.ResumeDataVerifier}).
 * Not exported; it may change in any release.
 */
package io.torrentine.internal.resume;
