DROP INDEX subscribers_audience;
