variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "project" {
  type    = string
  default = "shop"
}

variable "vpc_cidr" {
  type    = string
  default = "10.10.0.0/16"
}

variable "db_password" {
  type        = string
  description = "Master password of the database"
  default     = "Sup3rS3cret!2024"
}

variable "admin_cidr" {
  description = "Where administrators connect from"
  type        = string
  default     = "0.0.0.0/0"
}

locals {
  azs = ["eu-west-1a", "eu-west-1b"]
  tags = {
    Project = var.project
    Owner   = "platform-team"
  }
}
