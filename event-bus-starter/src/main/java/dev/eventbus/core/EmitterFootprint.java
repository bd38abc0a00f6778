package dev.eventbus.core;

/**
 * What an emitter holds, counted in entries rather than bytes, so that tests can prove that churn and unbounded
 * event names leave nothing behind.
 *
 * @param registrations the registrations in place
 * @param namesAndPatterns the names and patterns that have at least one registration
 * @param cachedPlans the dispatch plans cached in the current registry version
 * @param cachedEventInstruments the per-name instruments kept by the emitter
 * @param listenerInstruments the per-name instruments kept by the registrations in place, added up
 * @param leakWarnings the names and patterns remembered as already warned about
 * @param pendingAsync the async invocations accepted and not yet finished
 */
record EmitterFootprint(int registrations, int namesAndPatterns, int cachedPlans, int cachedEventInstruments,
        int listenerInstruments, int leakWarnings, int pendingAsync) {
}
