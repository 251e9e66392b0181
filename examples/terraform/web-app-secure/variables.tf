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
  default = "10.20.0.0/16"
}

variable "alert_email" {
  type    = string
  default = "secops@example.com"
}

variable "domain_name" {
  type    = string
  default = "shop.example.com"
}

variable "central_log_bucket" {
  description = "Server access logs of the log buckets go to the organisation's log archive account"
  type        = string
  default     = "example-org-log-archive-eu-west-1"
}

locals {
  prefix = "${var.project}-prod"
  azs    = ["${var.region}a", "${var.region}b"]
  tags = {
    Project     = var.project
    Environment = "prod"
    Owner       = "platform-team"
  }
}
