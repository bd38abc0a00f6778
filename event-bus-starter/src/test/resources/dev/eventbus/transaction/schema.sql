create table orders (id varchar(32) primary key);
create table audit (id varchar(32) primary key);
