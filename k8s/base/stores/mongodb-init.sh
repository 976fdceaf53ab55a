#!/bin/bash
# Initiates the replica set (once) and creates one least-privilege user per Brew database (idempotent).
set -euo pipefail
auth=(--quiet -u "$MONGO_ROOT_USERNAME" -p "$MONGO_ROOT_PASSWORD" --authenticationDatabase admin)
first="mongodb-0.mongodb-headless:27017"
hosts=""
for ((i = 0; i < MONGO_REPLICAS; i++)); do hosts+="${hosts:+,}mongodb-$i.mongodb-headless:27017"; done

until mongosh "mongodb://$first/admin?directConnection=true" "${auth[@]}" --eval 'db.adminCommand({ping: 1})'; do
  echo "waiting for $first"; sleep 5
done

mongosh "mongodb://$first/admin?directConnection=true" "${auth[@]}" --eval '
  const replicas = parseInt(process.env.MONGO_REPLICAS, 10);
  try {
    rs.status();
    print("replica set already initiated");
  } catch (e) {
    if (e.codeName !== "NotYetInitialized") throw e;
    rs.initiate({_id: process.env.MONGO_REPLICA_SET, members: Array.from({length: replicas}, (_, i) =>
        ({_id: i, host: `mongodb-${i}.mongodb-headless:27017`, priority: i === 0 ? 2 : 1}))});
    print("replica set initiated with " + replicas + " member(s)");
  }'

until mongosh "mongodb://$hosts/admin?replicaSet=$MONGO_REPLICA_SET" "${auth[@]}" --eval \
    'if (!db.hello().isWritablePrimary && !db.hello().primary) quit(1)'; do
  echo "waiting for a primary"; sleep 5
done

mongosh "mongodb://$hosts/admin?replicaSet=$MONGO_REPLICA_SET" "${auth[@]}" --eval '
  function ensureUser(database, user, password) {
    const target = db.getSiblingDB(database);
    if (target.getUser(user)) {
      target.updateUser(user, {pwd: password, roles: [{role: "readWrite", db: database}]});
    } else {
      target.createUser({user: user, pwd: password, roles: [{role: "readWrite", db: database}]});
    }
    print("user " + user + " can read and write " + database);
  }
  ensureUser("brew_query", "brew_query", process.env.BREW_QUERY_PASSWORD);
  ensureUser("brew_members", "brew_members", process.env.BREW_MEMBERS_PASSWORD);'
