package io.torrentine.internal.bencode;

import io.torrentine.bencode.BencodeDecoder;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Decoders whose strings share the input array instead of copying it: for the engine's own
 * parsers, which decode an array they own or drop every decoded value before returning.
 *
 * <p>Why this is not a public option of {@link BencodeDecoder}: a shared string keeps the whole
 * input array alive as long as the string lives, and changes when the array changes, so values
 * from such a decoder are neither small nor immutable unless the caller controls the array. The
 * metainfo parser does (it decodes the caller's file only to find the {@code info} dictionary,
 * copies that once, and keeps strings of its own copy), and saves two copies of a 200 KB
 * {@code pieces} string per parse (docs/benchmarks.md).
 *
 * <p>{@link BencodeDecoder} registers the conversion when its class initializes; a decoder given
 * here has therefore always registered it.
 */
public final class InputSharingDecoders {
    private static volatile UnaryOperator<BencodeDecoder> sharing;

    private InputSharingDecoders() {
    }

    /**
     * The same decoder (mode and limits), except that its strings are ranges of the input.
     * Callers must neither modify the input while a decoded value is in use nor let a value
     * escape to code that expects an independent copy.
     *
     * @param decoder the decoder to convert
     * @return a decoder that shares its input
     */
    public static BencodeDecoder of(BencodeDecoder decoder) {
        Objects.requireNonNull(decoder, "decoder");
        return sharing.apply(decoder);
    }

    /**
     * Called once by {@link BencodeDecoder}'s static initializer.
     *
     * @param conversion turns a decoder into its input-sharing twin
     * @throws IllegalStateException if a conversion is already registered
     */
    public static synchronized void register(UnaryOperator<BencodeDecoder> conversion) {
        if (sharing != null) {
            throw new IllegalStateException("already registered");
        }
        sharing = Objects.requireNonNull(conversion, "conversion");
    }
}
