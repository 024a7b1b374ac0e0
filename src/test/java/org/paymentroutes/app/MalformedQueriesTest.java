package org.paymentroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MalformedQueriesTest {

    @Test
    void everyPercentStartsATwoHexDigitEscape() {
        assertThat(MalformedQueries.wellFormed(null)).isTrue();
        assertThat(MalformedQueries.wellFormed("state=AAA%0AFAKE&x=%2f%C3%A9")).isTrue();
        assertThat(MalformedQueries.wellFormed("state=%zz")).isFalse();
        assertThat(MalformedQueries.wellFormed("a=%")).isFalse();
        assertThat(MalformedQueries.wellFormed("a=%4")).isFalse();
        assertThat(MalformedQueries.wellFormed("a=%4g")).isFalse();
    }
}
