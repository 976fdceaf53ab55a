package dev.brew.command.persistence;

import dev.brew.command.domain.OrderNumbers;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Order numbers per business day from a counter row in PostgreSQL. The increment commits in its own short
 * transaction so that concurrent orders do not queue behind one another's commits; the price is a rare gap in the
 * numbers when an order fails after its number was taken, which nobody at the counter minds.
 */
@Repository
class JdbcOrderNumbers implements OrderNumbers {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final ZoneId businessZone;

    JdbcOrderNumbers(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                     @Value("${brew.orders.business-zone}") ZoneId businessZone) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.businessZone = businessZone;
    }

    @Override
    public int next(Instant placedAt) {
        LocalDate day = LocalDate.ofInstant(placedAt, businessZone);
        Integer number = ownTransaction.execute(status -> jdbc.queryForObject("""
                insert into order_number_counter (business_day, last_number) values (?, 1)
                on conflict (business_day) do update set last_number = order_number_counter.last_number + 1
                returning last_number""", Integer.class, day));
        if (number == null) {
            throw new IllegalStateException("No order number for " + day);
        }
        return number;
    }
}
