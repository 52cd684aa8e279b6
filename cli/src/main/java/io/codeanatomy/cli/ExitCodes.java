package io.codeanatomy.cli;

/** The CLI's exit codes, so scripts can tell failures apart. */
final class ExitCodes {
    static final int OK = 0;
    /** A statement or a build stage failed (bad SQL, a broken view). */
    static final int FAILED = 1;
    /** The command line itself is wrong (picocli's usage errors). */
    static final int USAGE = 2;
    /** The repository or build directory to read does not exist or is not what was expected. */
    static final int INPUT_NOT_FOUND = 3;
    /** The output directory cannot be created or written. */
    static final int OUTPUT_NOT_WRITABLE = 4;

    private ExitCodes() {}
}
