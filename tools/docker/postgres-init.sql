-- One database per service (docker-compose mounts this into the PostgreSQL image's init directory; it
-- runs once, on an empty data volume). The services would create them too, on first start.
CREATE DATABASE "order";
CREATE DATABASE inventory;
CREATE DATABASE payment;
CREATE DATABASE shipping;
CREATE DATABASE query;
