package io.onair.app.payment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A provider that refuses or fails: 502 problem+json (the payer may retry), logged with the cause. */
@RestControllerAdvice
public class PaymentProblems {
    private static final Logger log = LoggerFactory.getLogger(PaymentProblems.class);

    @ExceptionHandler(PaymentException.class)
    ResponseEntity<ProblemDetail> payment(PaymentException e) {
        log.warn("payment failed: {}", e.getMessage(), e);
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_GATEWAY, "The payment could not be completed: " + e.getMessage()));
    }
}
