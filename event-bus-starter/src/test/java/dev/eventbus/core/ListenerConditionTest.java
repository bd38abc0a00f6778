package dev.eventbus.core;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.expression.spel.standard.SpelExpressionParser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The startup check of the variables a condition reads.
 */
class ListenerConditionTest {

    private final SpelExpressionParser parser = new SpelExpressionParser();

    @Test
    void everyVariableAnEvaluationSetsIsKnown() {
        assertThat(problem("#event.name == 'pay' and #args.length == 2 and #a0 == #p1 and #order != null "
                + "and #root != null and #args.![#this].size() == 2", "order", "amount")).isNull();
    }

    @Test
    void unknownVariablesAreNamedOnceEachInTheOrderTheyAppear() {
        assertThat(problem("#ordr > 5 or #a2 > 5 or #ordr < 0", "order", "amount"))
            .startsWith("reads unknown variables #ordr, #a2; the known variables are #event, #args, #a0/#p0/#order, "
                    + "#a1/#p1/#amount, #root, #this");
    }

    @Test
    void variablesInsideFunctionAndMethodArgumentsAreChecked() {
        assertThat(problem("#fn(#amont) or #event.arg(0).equals(#amont)", "amount")).startsWith(
                "reads an unknown variable #amont;");
    }

    @Test
    void withoutParameterNamesANameIsUnknownAndTheProblemSaysHowToMakeNamesKnown() {
        assertThat(problem("#a0 > 5 and #amount > 5", (String[]) null)).isEqualTo(
                "reads an unknown variable #amount; the known variables are #event, #args, #a0/#p0, #root, #this. "
                        + "The method's parameter names are not known: compile with -parameters to use them");
    }

    private @Nullable String problem(String condition, String @Nullable ... parameterNames) {
        int parameterCount = (parameterNames != null) ? parameterNames.length : 1;
        return new ListenerCondition("id", condition, this.parser.parseExpression(condition), parameterCount,
                parameterNames, null)
            .variableProblem();
    }

}
