package dev.eventbus.core;

import java.lang.reflect.Method;

/**
 * Where an {@code @On} method is declared, for error messages: {@code Class.method(parameter types)}, with the user
 * class's full name and the parameters' simple names. Written out only when a message needs it, as most listeners
 * never fail.
 *
 * @param type the class the method was found in (the user class behind a proxy)
 * @param method the method
 */
record DeclaredMethod(Class<?> type, Method method) {

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(this.type.getName()).append('.').append(this.method.getName())
            .append('(');
        Class<?>[] parameterTypes = this.method.getParameterTypes();
        for (int i = 0; i < parameterTypes.length; i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(parameterTypes[i].getSimpleName());
        }
        return text.append(')').toString();
    }

}
