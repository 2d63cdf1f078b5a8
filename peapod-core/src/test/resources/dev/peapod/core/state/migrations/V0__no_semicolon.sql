-- no final semicolon (test class path only)
CREATE TABLE Never (ID TEXT)
