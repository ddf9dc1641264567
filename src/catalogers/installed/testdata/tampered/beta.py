# beta
