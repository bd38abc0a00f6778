package dev.eventbus.demo;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown by the sync inventory listener; it stops the emit and reaches {@code POST /orders} as a 409.
 */
class OutOfStockException extends ErrorResponseException {

    OutOfStockException(String item, int wanted, int left) {
        super(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "Out of stock: " + wanted + " x '" + item + "' wanted, " + left + " left"), null);
    }
}
