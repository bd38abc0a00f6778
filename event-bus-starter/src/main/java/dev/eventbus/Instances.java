package dev.eventbus;

/**
 * Which instances of an application run a listener ({@link On#instances()}). {@link #ALL} and {@link #ONE} carry
 * events between instances through a broker and need the {@code event-bus-spring-boot-starter-kafka} artifact; a
 * listener that asks for them without it fails at startup.
 */
public enum Instances {

    /** Events emitted in this instance only: the behaviour of a listener without this attribute. */
    THIS,

    /**
     * Every instance runs the listener once per event emitted in any instance; the emitting instance runs it at the
     * emit, as a local listener, and ignores its own copy coming back.
     */
    ALL,

    /**
     * Exactly one instance of the group runs the listener per event emitted in any instance; it never runs at the
     * emit, but where the broker delivers it.
     */
    ONE

}
