package dev.eventbus.core;

/**
 * A validated event name or listener pattern, parsed once at registration, where {@code *} matches exactly one
 * segment and {@code **} zero or more. Public so that other modules of the bus (the test kit) match names exactly
 * as the engine does.
 */
public final class EventPattern {

    private static final String ONE = "*";

    private static final String ANY = "**";

    /** What a literal name keeps as its segments: it matches by equality and never needs them. */
    private static final String[] NO_SEGMENTS = {};

    private final String source;

    /** The segments of a pattern with a wildcard, for matching; none for a literal name. */
    private final String[] segments;

    private final boolean literal;

    private EventPattern(String source, String[] segments, boolean literal) {
        this.source = source;
        this.segments = segments;
        this.literal = literal;
    }

    /**
     * Parses a name or pattern a listener is registered under.
     * @param pattern the name or pattern
     * @return the parsed pattern
     * @throws IllegalArgumentException quoting the value when it is null, blank or malformed
     */
    public static EventPattern parse(String pattern) {
        requireSegments(pattern, "Event name or pattern");
        if (pattern.indexOf('*') < 0) {
            // most listeners' names: validated without splitting them, as nothing reads their segments
            return new EventPattern(pattern, NO_SEGMENTS, true);
        }
        String[] segments = pattern.split("\\.", -1);
        for (String segment : segments) {
            if (segment.indexOf('*') >= 0 && !segment.equals(ONE) && !segment.equals(ANY)) {
                throw new IllegalArgumentException("Invalid event pattern '" + quoted(pattern) + "': segment '"
                        + quoted(segment) + "' mixes '*' with other characters; use '*' for one segment or '**' "
                        + "for any number");
            }
        }
        return new EventPattern(pattern, segments, false);
    }

    /**
     * Checks a name that is being emitted or looked up: a literal name, never a pattern.
     * @param name the event name
     * @return the name
     * @throws IllegalArgumentException quoting the value when it is null, blank, malformed or contains {@code *}
     */
    public static String requireEventName(String name) {
        requireSegments(name, "Event name");
        if (name.indexOf('*') >= 0) {
            throw new IllegalArgumentException(
                    "Invalid event name '" + quoted(name) + "': emitted names are literal and must not contain '*'");
        }
        return name;
    }

    /** Checks that a value is a non-blank string of non-blank segments separated by {@code .}, copying nothing. */
    private static void requireSegments(String value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank, but was '" + quoted(value) + "'");
        }
        int start = 0;
        while (true) {
            int dot = value.indexOf('.', start);
            int end = (dot < 0) ? value.length() : dot;
            if (isBlank(value, start, end)) {
                throw new IllegalArgumentException("Invalid " + what.toLowerCase() + " '" + quoted(value)
                        + "': segments separated by '.' must not be empty or blank");
            }
            if (dot < 0) {
                return;
            }
            start = dot + 1;
        }
    }

    /**
     * Whether a part of a value is empty or white space only, as {@link String#isBlank()} tells: no white space lies
     * outside the Basic Multilingual Plane, and a surrogate is not white space, so looking at chars is enough.
     */
    private static boolean isBlank(String value, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!Character.isWhitespace(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Longest quoted value: a name built from a 1 MB form field must not make a 1 MB message (or log line). */
    private static final int MAX_QUOTED = 200;

    /** The value as an error message quotes it: whole up to {@value #MAX_QUOTED} characters, else its start and
     * length. */
    static String quoted(String value) {
        return (value.length() <= MAX_QUOTED) ? value
                : value.substring(0, MAX_QUOTED) + "... (" + value.length() + " characters)";
    }

    String source() {
        return this.source;
    }

    boolean isLiteral() {
        return this.literal;
    }

    /**
     * Whether an emit of this concrete name reaches a listener registered under this pattern.
     * @param name a valid, literal event name
     * @return whether it matches
     */
    public boolean matches(String name) {
        if (this.literal) {
            return this.source.equals(name);
        }
        return matches(name.split("\\.", -1));
    }

    /**
     * Matches segment by segment, keeping the set of name positions the pattern so far can end at: time grows with
     * (pattern segments x name segments), so repeated {@code **} cannot make matching exponential.
     */
    private boolean matches(String[] name) {
        boolean[] reached = new boolean[name.length + 1];
        reached[0] = true;
        for (String segment : this.segments) {
            boolean[] next = new boolean[name.length + 1];
            boolean any = false;
            for (int n = 0; n <= name.length; n++) {
                if (segment.equals(ANY)) {
                    next[n] = reached[n] || (n > 0 && next[n - 1]);
                }
                else {
                    next[n] = n > 0 && reached[n - 1] && (segment.equals(ONE) || segment.equals(name[n - 1]));
                }
                any |= next[n];
            }
            if (!any) {
                return false;
            }
            reached = next;
        }
        return reached[name.length];
    }

    @Override
    public String toString() {
        return this.source;
    }
}
