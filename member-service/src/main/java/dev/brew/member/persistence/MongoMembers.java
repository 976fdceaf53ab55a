package dev.brew.member.persistence;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.brew.contracts.Role;
import dev.brew.defaults.axon.EventJson;
import dev.brew.member.domain.Member;
import dev.brew.member.domain.Members;
import dev.brew.member.domain.NameTaken;
import dev.brew.member.publishing.OutboxAppended;
import org.bson.Document;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Repository;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Members in MongoDB; a member and the events announcing it are one document, written in one atomic insert. */
@Repository
class MongoMembers implements Members {

    private final MemberCollection collection;
    private final EventJson eventJson;
    private final ApplicationEventPublisher notifications;

    MongoMembers(MemberCollection collection, EventJson eventJson, ApplicationEventPublisher notifications) {
        this.collection = collection;
        this.eventJson = eventJson;
        this.notifications = notifications;
    }

    @Override
    public void add(Member member, Object... events) {
        List<Document> outbox = new ArrayList<>();
        for (int sequence = 0; sequence < events.length; sequence++) {
            outbox.add(new Document("eventId", UUID.randomUUID().toString())
                    .append("sequence", (long) sequence)
                    .append("payloadType", events[sequence].getClass().getName())
                    .append("payload", eventJson.write(events[sequence]))
                    .append("occurredAt", Date.from(member.registeredAt())));
        }
        Document document = new Document("_id", member.id())
                .append("name", member.name())
                .append(MemberCollection.NAME_KEY, member.nameKey())
                .append("passwordHash", member.passwordHash())
                .append("role", member.role().name())
                .append("registeredAt", Date.from(member.registeredAt()))
                .append("eventSequence", (long) events.length)
                .append(MemberCollection.OUTBOX, outbox)
                .append(MemberCollection.OUTBOX_PENDING, !outbox.isEmpty());
        try {
            collection.execute((MongoCollection<Document> members) -> members.insertOne(document));
        } catch (DuplicateKeyException e) {
            throw new NameTaken(member.name());
        }
        if (!outbox.isEmpty()) {
            notifications.publishEvent(new OutboxAppended(member.id()));
        }
    }

    @Override
    public Optional<Member> byId(String id) {
        return find(Filters.eq("_id", id));
    }

    @Override
    public Optional<Member> byNameKey(String nameKey) {
        return find(Filters.eq(MemberCollection.NAME_KEY, nameKey));
    }

    @Override
    public void changePasswordHash(String id, String passwordHash) {
        collection.execute((MongoCollection<Document> members) ->
                members.updateOne(Filters.eq("_id", id), Updates.set("passwordHash", passwordHash)));
    }

    private Optional<Member> find(org.bson.conversions.Bson filter) {
        Document found = collection.execute((MongoCollection<Document> members) -> members.find(filter)
                .projection(new Document(MemberCollection.OUTBOX, 0)).first());
        return Optional.ofNullable(found).map(d -> new Member(d.getString("_id"), d.getString("name"),
                Role.valueOf(d.getString("role")), d.getString("passwordHash"),
                d.getDate("registeredAt").toInstant()));
    }
}
